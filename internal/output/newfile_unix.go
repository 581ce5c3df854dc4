//go:build unix

package output

import (
	"io"
	"io/fs"
	"syscall"
)

// writeNew creates the file at path, which must not exist, holding body.
// It uses the system calls directly: an os.File first tries to add every
// file it opens to the network poller, five calls more a page, which a
// build of ten thousand pages pays in full.
func writeNew(path string, body []byte) error {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(path, newFileFlags|syscall.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(body) > 0 {
		n, err := ignoringEINTR(func() (int, error) { return syscall.Write(fd, body) })
		if err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		body = body[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}

func ignoringEINTR(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
