/* For .ci/smoke-windows only, never shipped: Wine before 8.13 (Debian 12 has 8.0) lacks
 * bcryptprimitives.dll, whose ProcessPrng Rust's standard library imports on Windows 10
 * and later. This stand-in fills the buffer from RtlGenRandom (advapi32), which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
