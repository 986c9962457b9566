// CShims is a header of inline functions Swift cannot express; this file gives SwiftPM a source.
#include "CShims.h"
