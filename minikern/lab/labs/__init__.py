"""One folder per lab: lab.py (its LAB declaration) and HANDOUT.md."""
