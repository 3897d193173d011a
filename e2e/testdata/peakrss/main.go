//go:build linux

// Command peakrss runs a command and writes the peak resident memory of that
// process alone, in KB, to the file named first. The kernel's own count
// (rusage) takes in the children a process waited for, so archreview's
// read-only check of the database, run in a child, would hide the export's
// own figure; and a child started straight from a large test process
// inherits that process's peak. peakrss instead stops the command as it
// exits (ptrace's exit event, when its memory is still mapped) and reads
// the high-water mark the kernel keeps for that memory, VmHWM.
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: peakrss OUTFILE COMMAND [ARG...]")
		os.Exit(2)
	}
	kb, code, err := run(os.Args[2], os.Args[3:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], fmt.Appendf(nil, "%d\n", kb), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

// run starts the command traced, lets it run to its exit and returns its
// peak resident memory and exit status.
func run(name string, args []string) (kb int64, code int, err error) {
	// Every ptrace request must come from the thread that started the trace.
	runtime.LockOSThread()
	path, err := exec.LookPath(name)
	if err != nil {
		return 0, 0, err
	}
	proc, err := os.StartProcess(path, append([]string{name}, args...), &os.ProcAttr{
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr},
		Sys:   &syscall.SysProcAttr{Ptrace: true},
	})
	if err != nil {
		return 0, 0, err
	}
	pid := proc.Pid
	var ws syscall.WaitStatus
	if _, err := syscall.Wait4(pid, &ws, 0, nil); err != nil {
		return 0, 0, err
	}
	if !ws.Stopped() {
		return 0, 0, fmt.Errorf("%s did not start", name)
	}
	if err := syscall.PtraceSetOptions(pid, syscall.PTRACE_O_TRACEEXIT); err != nil {
		return 0, 0, err
	}
	signal := 0
	for {
		if err := syscall.PtraceCont(pid, signal); err != nil {
			return 0, 0, err
		}
		if _, err := syscall.Wait4(pid, &ws, syscall.WALL, nil); err != nil {
			return 0, 0, err
		}
		switch {
		case ws.Exited():
			return kb, ws.ExitStatus(), nil
		case ws.Signaled():
			return kb, 128 + int(ws.Signal()), nil
		case ws.Stopped() && ws.StopSignal() == syscall.SIGTRAP && ws.TrapCause() == syscall.PTRACE_EVENT_EXIT:
			if kb, err = highWater(pid); err != nil {
				return 0, 0, err
			}
			signal = 0
		case ws.Stopped() && ws.StopSignal() == syscall.SIGTRAP:
			signal = 0
		case ws.Stopped():
			signal = int(ws.StopSignal()) // the program's own signal, passed on
		}
	}
}

// highWater reads VmHWM, the peak resident memory, from /proc.
func highWater(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}
