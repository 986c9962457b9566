#ifndef READINESS_CCRYPTO_SHIM_H
#define READINESS_CCRYPTO_SHIM_H

// OpenSSL's libcrypto, for SHA-256 at the speed of the hardware; pkg-config "libcrypto".
#include <openssl/evp.h>

#endif
