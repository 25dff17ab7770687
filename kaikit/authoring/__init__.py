"""Tools for the people who write the course: the course map built from the notebooks' own metadata. Never loaded by
``import kaikit``."""
