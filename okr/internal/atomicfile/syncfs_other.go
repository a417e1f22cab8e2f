//go:build !linux

package atomicfile

import "os"

// syncFS is syncfs(2), which only Linux has: elsewhere SyncPending syncs
// each file.
func syncFS(*os.Root) (bool, error) { return false, nil }
