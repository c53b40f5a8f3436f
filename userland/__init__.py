"""The guest side: libc and programs in C, built by minikern.build.

A Python package only so that installing minikern ships these sources.
"""
