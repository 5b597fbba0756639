"""House style (STYLE.md §1): no module passes 800 lines; a larger one is split into a package."""

from pathlib import Path

from django.conf import settings

CEILING = 800


def test_modules_under_the_ceiling():
    root = Path(settings.BASE_DIR)
    sources = (path for path in root.rglob("*.py") if not {".venv", "migrations", "node_modules"} & set(path.parts))
    oversized = {
        str(path.relative_to(root)): lines
        for path in sources
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > CEILING
    }

    assert oversized == {}
