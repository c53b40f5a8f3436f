"""Machine-dependent kernel code, one package per machine (OpenBSD's
sys/arch).  minikern runs on one machine, amd64 (arch/amd64)."""
