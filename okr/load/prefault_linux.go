package load

import (
	"syscall"
	"unsafe"
)

// adviseHuge asks Linux to back the whole 2 MiB pages within b by huge
// pages, where transparent huge pages are enabled for madvise: the slab of
// measurements is then faulted in by a few hundred faults instead of
// hundreds of thousands, which cost several microseconds each on a virtual
// machine. Only pages wholly inside b are advised, so no memory outside it
// is faulted in; an error (no such support) leaves b as it was.
func adviseHuge(b []byte) {
	const huge = 2 << 20
	if len(b) < 2*huge {
		return
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	skip := int((start+huge-1)&^(huge-1) - start)
	n := (len(b) - skip) &^ (huge - 1)
	if n <= 0 {
		return
	}
	_ = syscall.Madvise(b[skip:skip+n], syscall.MADV_HUGEPAGE)
}
