"""Settings modules: ``base`` is shared; choose one of the others with DJANGO_SETTINGS_MODULE."""
