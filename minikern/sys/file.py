"""What an open file is allowed to do (OpenBSD's f_flag bits, declared in
sys/fcntl.h under _KERNEL).  A file's flags keep the access mode as two
single bits, FREAD and FWRITE (open(2)'s access mode plus one), so that
"may it be read" is one test.  Both the descriptor layer (kern/) and
file mappings (uvm/) ask it."""

FREAD = 0x1
FWRITE = 0x2
