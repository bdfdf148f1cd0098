"""Statutory emulation–commendation statistics (MoHA forms 0601–0605) computed from the records,
their submitted snapshots, and the open statistics the portal publishes."""
