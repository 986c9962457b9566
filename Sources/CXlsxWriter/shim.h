#ifndef READINESS_CXLSXWRITER_SHIM_H
#define READINESS_CXLSXWRITER_SHIM_H

// libxlsxwriter's umbrella header; found through pkg-config "xlsxwriter".
#include <xlsxwriter.h>

#endif
