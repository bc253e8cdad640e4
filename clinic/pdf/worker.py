"""Runs in a child process: WeasyPrint only, no Django (the child imports nothing else of ours)."""


def write_pdf(html: str, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
