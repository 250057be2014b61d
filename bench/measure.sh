# Sourced by the bench scripts. measure CMD...: runs CMD under /usr/bin/time -v with its output
# in $work (the caller's work folder) and prints "SECONDS CPU_SECONDS PEAK_KIB" (CPU: user +
# system; the wall time follows the machine's load, the CPU time much less). A failed command
# stops the script, naming it ($bench_name: the caller's name).
measure() {
    local log=$work/time.log
    if ! /usr/bin/time -v -o "$log" "$@" >"$work/stdout.log" 2>"$work/stderr.log"; then
        echo "$bench_name: failed: $*" >&2
        cat "$work/stderr.log" >&2
        exit 1
    fi
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; ++i) s = s * 60 + p[i] }
        /User time \(seconds\)/ { cpu += $2 }
        /System time \(seconds\)/ { cpu += $2 }
        /Maximum resident set size/ { kb = $2 }
        END { printf "%.2f %.2f %d\n", s, cpu, kb }' "$log"
}
