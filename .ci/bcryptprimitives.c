/* A stand-in for Windows' bcryptprimitives.dll, for running the test suite under Wine only.
 *
 * Rust's standard library takes its random bytes from ProcessPrng in bcryptprimitives.dll
 * (Windows 10 and later have it). Wine 8 does not ship that DLL, so every Rust program fails to
 * start there. This one exports ProcessPrng over RtlGenRandom (SystemFunction036 of advapi32).
 * Built and copied into the Wine prefix by .ci/windows; never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
