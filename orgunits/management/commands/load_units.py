"""Load the administrative units shipped with the vietnamadminunits package."""

import time

from django.core.management.base import BaseCommand, CommandError

from orgunits.loaders import LoaderError, load_current_structure, load_legacy_structure

_SHOWN_KEYS = 20


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị hành chính hiện hành (34 tỉnh, 3.321 xã); với --legacy nạp thêm danh mục "
        "trước 01/7/2025 và các sắp xếp năm 2025. Chạy lại nhiều lần không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--legacy",
            action="store_true",
            help="Nạp thêm 63 tỉnh, các huyện, xã trước 01/7/2025 và liên kết sắp xếp năm 2025.",
        )

    def handle(self, *args, **options):
        try:
            self._load("Danh mục hiện hành", load_current_structure)
            if options["legacy"]:
                self._load("Danh mục trước 01/7/2025", load_legacy_structure)
        except LoaderError as exc:
            raise CommandError(str(exc)) from exc

    def _load(self, label: str, loader) -> None:
        started = time.monotonic()
        result = loader()
        elapsed = time.monotonic() - started
        areas = result["areas"]
        units = ", ".join(
            f"{result[key]} {name}"
            for key, name in (("provinces", "tỉnh"), ("districts", "huyện"), ("communes", "xã"))
            if key in result
        )
        self.stdout.write(
            f"{label}: {units} — tạo mới {areas['created']}, cập nhật {areas['updated']}, "
            f"không đổi {areas['unchanged']} ({elapsed:.1f} giây)."
        )
        if "rearrangements" in result:
            rearrangements, links = result["rearrangements"], result["links"]
            self.stdout.write(
                f"  Sắp xếp năm 2025: tạo mới {rearrangements['created']}, cập nhật {rearrangements['updated']}, "
                f"không đổi {rearrangements['unchanged']}; liên kết thêm {links['created']}, xóa {links['deleted']}."
            )
        for title, keys in (("Bỏ qua", result.get("skipped", [])), ("Không khớp", result.get("unresolved", []))):
            if keys:
                self.stdout.write(self.style.WARNING(f"  {title} {len(keys)} mục: {', '.join(keys[:_SHOWN_KEYS])}"))
                if len(keys) > _SHOWN_KEYS:
                    self.stdout.write(self.style.WARNING(f"  ... và {len(keys) - _SHOWN_KEYS} mục khác."))
        self.stdout.write(self.style.SUCCESS(f"{label}: xong."))
