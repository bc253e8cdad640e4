"""`manage.py smoke_test https://clinic.example`: the checks after a deploy (ops/smoke.py)."""

from django.core.management.base import BaseCommand, CommandError

from ops.smoke import add_arguments, report, run_smoke_test


class Command(BaseCommand):
    help = "GET the live site's health checks, pages and a static file; fail with a list of what is wrong."

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, url, host, as_https, timeout, **options):
        try:
            checks = run_smoke_test(base_url=url, host=host, as_https=as_https, timeout=timeout)
        except ValueError as bad_url:
            raise CommandError(str(bad_url)) from None
        text, passed = report(checks, base_url=url)
        self.stdout.write(text)
        self.stdout.flush()  # the report before the error line, also when both go to one pipe
        if not passed:
            raise CommandError("smoke test failed: see the list above")
