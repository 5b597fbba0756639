"""Test settings: fast hashing, immediate tasks, in-memory e-mail."""

from danvan.settings import *  # noqa: F403 -- test settings extend the base settings

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
