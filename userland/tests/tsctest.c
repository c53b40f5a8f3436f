/*
 * tsctest: the time stamp counter is the machine's virtual clock.  It
 * prints what rdtsc and rdtscp read, so that two runs with the same seed
 * can be compared byte for byte, and checks what must hold in any run.
 */
#include <stdint.h>
#include <stdio.h>

#include "check.h"

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static uint64_t rdtscp(uint32_t *aux)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(*aux));
	return (uint64_t)hi << 32 | lo;
}

static uint32_t cpuid_ecx(uint32_t leaf)
{
	uint32_t a = leaf, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return c;
}

int main(void)
{
	uint64_t first = rdtsc();
	volatile uint64_t sink = 0;
	for (int i = 0; i < 100000; i++)
		sink += i;
	uint64_t second = rdtsc();
	uint32_t aux;
	uint64_t third = rdtscp(&aux);
	printf("rdtsc %llu %llu rdtscp %llu aux %u\n", (unsigned long long)first,
	    (unsigned long long)second, (unsigned long long)third, aux);
	check("the counter advances with the work done", second - first >= 100000);
	check("rdtscp reads on after rdtsc", third > second);
	check("rdtscp's aux is a cpu number", aux < 8);
	check("the counter is virtual: under a second of 3 GHz cycles", third < 3000000000ULL);
	check("cpuid does not offer rdrand", !(cpuid_ecx(1) & (1u << 30)));
	return report();
}
