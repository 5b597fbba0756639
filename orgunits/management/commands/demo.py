"""Create demo data in Thành phố Hồ Chí Minh and print the demo logins."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from initiatives.demo import create_demo_initiatives
from orgunits.demo import create_demo
from orgunits.loaders import LoaderError
from reports.demo import create_demo_reports


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu tại Thành phố Hồ Chí Minh: thôn/ấp/khu phố, tổ chức, cụm thi đua, tài khoản mẫu, "
        "mô hình, điển hình “Dân vận khéo” và báo cáo định kỳ. "
        "Chạy lại không tạo trùng (mật khẩu tài khoản mẫu được đặt lại)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            result = create_demo()
            initiatives = create_demo_initiatives()
            reports = create_demo_reports()
        except LoaderError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        if result["loaded_structure"]:
            self.stdout.write("Đã nạp danh mục hành chính hiện hành (chưa có Thành phố Hồ Chí Minh).")
        hamlets, organizations, users = result["hamlets"], result["organizations"], result["users"]
        self.stdout.write(
            f"{result['city'].name}: {result['communes']} xã, phường, đặc khu; "
            f"thôn, ấp, khu phố: tạo mới {hamlets['created']}, không đổi {hamlets['unchanged']}; "
            f"tổ chức: tạo mới {organizations['created']}, cập nhật {organizations['updated']}, "
            f"không đổi {organizations['unchanged']}; {result['clusters']} cụm thi đua; "
            f"tài khoản: tạo mới {users['created']}, đặt lại {users['updated']} ({elapsed:.1f} giây)."
        )
        if not initiatives.get("skipped"):
            self.stdout.write(
                f"Mô hình, điển hình “Dân vận khéo”: tạo mới {initiatives['created']}, đã có {initiatives['existing']}; "
                f"trang giới thiệu công khai: /gallery/{initiatives['gallery_area'].pk}/"
            )
        if not reports.get("skipped"):
            self.stdout.write(
                f"Báo cáo định kỳ mẫu (hai quý gần nhất): tạo mới {reports['created']}, đã có {reports['existing']}."
            )
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    "Cảnh báo: DEBUG=false. Các tài khoản mẫu dùng mật khẩu công khai dưới đây; "
                    "không dùng lệnh này trên hệ thống thật."
                )
            )
        self.stdout.write("Tài khoản mẫu (tên đăng nhập / mật khẩu / phạm vi):")
        for login in result["logins"]:
            self.stdout.write(f"  {login['username']:<9} {login['password']:<20} {login['scope']}")
        self.stdout.write(self.style.SUCCESS("Xong."))
