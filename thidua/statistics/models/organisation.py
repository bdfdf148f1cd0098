"""The emulation–commendation organisation and its staff, kept by the office (forms 0604.N, 0605.N)."""

__all__: list[str] = []
