//go:build !unix

package output

import "os"

// writeNew creates the file at path, which must not exist, holding body.
func writeNew(path string, body []byte) error {
	f, err := os.OpenFile(path, newFileFlags, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
