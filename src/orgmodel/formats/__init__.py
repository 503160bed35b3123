"""Every file format orgmodel reads or writes: one registry of names and extensions
(`registry.py`), and the readers and writers of org files side by side."""
