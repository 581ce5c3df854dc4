//go:build unix

package sitefs

import (
	"os"
	"syscall"
)

// direct is set where readIn reads files.
const direct = true

// readIn reads the regular file name in the folder dir with a handful of
// system calls: opening it through an os.Root, which then adds it to the
// network poller, takes twice as many, and a build reads each article
// twice. It reads into buf when the file fits in its capacity. ok is
// false for anything else (a link, a missing file, an error), which the
// folder's root then reads or reports.
func readIn(dir *os.File, name string, buf []byte) (b []byte, ok bool) {
	conn, err := dir.SyscallConn()
	if err != nil {
		return nil, false
	}
	fd := -1
	cerr := conn.Control(func(dirfd uintptr) {
		fd, err = retry(func() (int, error) {
			return syscall.Openat(int(dirfd), name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW, 0)
		})
	})
	if cerr != nil || err != nil {
		return nil, false
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, false
	}
	// The file as it was when looked at: a read of its size needs no
	// second call to find its end.
	if int64(cap(buf)) >= st.Size {
		b = buf[:st.Size]
	} else {
		b = make([]byte, st.Size)
	}
	for n := 0; n < len(b); {
		m, err := retry(func() (int, error) { return syscall.Read(fd, b[n:]) })
		if err != nil || m == 0 {
			return nil, false
		}
		n += m
	}
	return b, true
}

func retry(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
