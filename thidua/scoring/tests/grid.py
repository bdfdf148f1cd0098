"""Browser helpers shared by the tests of both scoring grids (they run on one grid.js)."""


def focused(page) -> dict:
    """The element being typed in: its name, its row's criterion code, value and caret."""
    return page.evaluate(
        """() => { const e = document.activeElement;
        return {name: e.name || e.tagName, code: e.closest('tr') && e.closest('tr').dataset.code,
                value: e.value, caret: e.selectionStart, end: e.selectionEnd}; }"""
    )


def settled(page, row: str) -> None:
    """Waits until the row has nothing queued or in flight and shows its last answer."""
    page.wait_for_selector(f"{row}:not([data-saving]) .row-saved")
