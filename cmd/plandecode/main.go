// Command plandecode reads and parses plan files and does nothing else:
// the floor that plancheck's speed is measured against. It decodes each
// file with its format's plain library (yaml.v3, encoding/json, go-toml)
// into Go values, on one worker per CPU, and prints how many it read.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	toml "github.com/pelletier/go-toml/v2"
	yaml "go.yaml.in/yaml/v3"
)

func main() {
	workers := flag.Int("workers", runtime.GOMAXPROCS(0), "files decoded at once")
	flag.Parse()
	var files []string
	for _, root := range flag.Args() {
		// Unreadable entries are skipped, as the floor it measures reads
		// only what it can: the walk itself never fails.
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
	}
	jobs := make(chan string)
	var ok, failed atomic.Int64
	var wg sync.WaitGroup
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				if decode(f) == nil {
					ok.Add(1)
				} else {
					failed.Add(1)
				}
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	fmt.Printf("decoded %d files, %d failed\n", ok.Load(), failed.Load())
}

func decode(name string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	var v any
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		return yaml.Unmarshal(data, &v)
	case ".json":
		return json.Unmarshal(data, &v)
	case ".toml":
		return toml.Unmarshal(data, &v)
	}
	return fmt.Errorf("%s: unknown format", name)
}
