/* crash: misbehave in the way argv[1] names, for the kernel tests. */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    if (argc > 1 && argv[1][0] == 's') { volatile int *p = (int *)0x10; return *p; }
    if (argc > 1 && argv[1][0] == 'u') { __asm__ volatile("ud2"); }
    if (argc > 1 && argv[1][0] == 'd') { volatile int z = 0; return 5 / z; }
    if (argc > 1 && argv[1][0] == 'h') { __asm__ volatile("hlt"); }
    if (argc > 1 && argv[1][0] == 'w') { extern char _start[]; _start[0] = 1; }
    if (argc > 1 && argv[1][0] == 'k') { volatile long *p = (long *)0xffff800000000000; return *p; }
    if (argc > 1 && argv[1][0] == 'x') { static char code[] = {0xc3}; ((void(*)(void))code)(); }
    if (argc > 1 && argv[1][0] == 'b') { __asm__ volatile("int3"); }
    if (argc > 1 && argv[1][0] == 'i') { __asm__ volatile("int $0x80"); }
    if (argc > 1 && argv[1][0] == 'p') { __asm__ volatile("int $14"); }
    if (argc > 1 && argv[1][0] == 'o') { __asm__ volatile("outb %%al, $0x80" ::: "memory"); }
    if (argc > 1 && argv[1][0] == 'n') { unsigned char v; __asm__ volatile("inb $0x80, %0" : "=a"(v)); return v; }
    if (argc > 1 && argv[1][0] == 'e') { __asm__ volatile("sysenter"); }
    if (argc > 1 && argv[1][0] == 'r') { unsigned v; __asm__ volatile("rdrand %0" : "=r"(v)); return v; }
    if (argc > 1 && argv[1][0] == 'm') { for (;;) { char *p = malloc(1<<20); if (!p) { printf("malloc failed\n"); return 9; } for (int i = 0; i < (1<<20); i += 4096) p[i] = 1; } }
    printf("ok\n");
    return 0;
}
