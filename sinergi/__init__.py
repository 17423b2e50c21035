"""Sinergi: the shared workspace of BPJS Ketenagakerjaan offices and their partner agencies."""

__version__ = "0.1.0"
