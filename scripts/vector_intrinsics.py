#!/usr/bin/env python3
"""Which of joules' compiled methods left a Vector API operation as a call (and so allocate on every use).

C2 turns each Vector API operation (a call to jdk.internal.vm.vector.VectorSupport) into machine instructions
late, after it has parsed and inlined the method. When the method being parsed grows past C2's parse-time
node budget (NodeCountInliningCutoff, 18,000 nodes in JDK 17, not a product flag), C2 defers the API's
remaining force-inlined calls; their operations are then queued behind the ones that use their results, and a
use that comes first (a store, in every case seen) finds no vector to unbox and stays a call into the API's
Java fallback, which allocates a vector object and arrays on every call: the training step then allocates
hundreds of kilobytes and slows down, in some runs only (how big a method grows depends on what C2 inlines,
which depends on timing and profiles). A second limit does the same: C2 adds up the deoptimisation-trap counts
of every method it inlines into one compilation (the Vector API's shared methods gather traps over a JVM's
life), and once the sum reaches PerMethodTrapLimit (100 by default) it compiles each later type-profiled call
with a slow path instead of a trap, so a vector's exact class, and with it the operation's constant species,
is lost and the store after it stays a call (VectorWinograd.transpose16, 100 to 560 MB a step in some JVMs).
The joules launcher runs the JVM with -XX:PerMethodTrapLimit=100000 for that reason. This script reads a
JVM's compilation log and names every joules method whose C2 compilation kept such a call, with the counts
("left"), and every one that reached the node budget and deferred Vector API calls, or reached the trap
limit, even though all of its operations became instructions ("near miss": the next run may not be so lucky).

Usage (the train module's tests, as CI runs them, with the compilation log of each JVM):
  JDK_JAVA_OPTIONS="-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=/tmp/jit/%p.log" \\
      mvn -o -q -pl train test
  python3 scripts/vector_intrinsics.py /tmp/jit/*.log
Exit code 0 when every Vector API operation in joules' C2 compilations became instructions, 1 otherwise (near
misses are reported, not counted), 2 for a file that cannot be read or when none holds a C2 compilation.
"""
import re
import sys

TASK = re.compile(r"<task compile_id='(\d+)'(?: compile_kind='(\w+)')? method='([^']*)'")
KLASS = re.compile(r"<klass id='(\d+)' name='([^']*)'")
METHOD = re.compile(r"<method id='(\d+)' holder='(\d+)' name='([^']*)'")
CALL = re.compile(r"<call method='(\d+)'")
LATE = re.compile(r"<late_inline method='(\d+)'")
SKIPPED = ('<uncommon_trap', '<predicted_call', '<dependency', '<inline_id', '<bc ')
# what C2 logs when a compilation's summed trap counts reach the limit for a reason
TRAP_LIMIT = re.compile(r"<observe trap='(\w+)' count='0' mcount=")


def c2_tasks(lines):
    """Yields (compile id, method, lines) for each C2 compilation (C1's tasks carry a level attribute)."""
    task = None
    for line in lines:
        if line.startswith('<task '):
            m = TASK.match(line)
            task = (m.group(1), m.group(3).split(' (')[0], []) if m and "level='" not in line else None
        elif task is not None:
            if line.startswith('</task>'):
                yield task
                task = None
            else:
                task[2].append(line)


def vector_calls(lines):
    """(calls to VectorSupport at parse time, intrinsics C2 expanded, Vector API calls deferred by the budget)."""
    klass, method, calls, intrinsics, deferred, last, late = {}, {}, 0, 0, 0, None, None
    for line in lines:
        if m := KLASS.match(line):
            klass[m.group(1)] = m.group(2)
        elif m := METHOD.match(line):
            method[m.group(1)] = klass.get(m.group(2), '?')
        elif m := CALL.match(line):
            last = method.get(m.group(1))
        elif m := LATE.match(line):
            holder = method.get(m.group(1), '')
            late = holder if holder.startswith('jdk.incubator.vector.') else None
        elif line.startswith("<intrinsic id='_Vector"):
            intrinsics += 1
        elif late is not None and not line.startswith(('</late_inline>', '<jvms')):
            # a late inline of the API's Java code: a virtual call resolved late shows its predicted receiver,
            # a call the parser deferred for lack of nodes goes straight to parsing
            if not line.startswith('<predicted_call'):
                deferred += 1
            late = None
        elif last is not None and not line.startswith(SKIPPED):
            if last == 'jdk.internal.vm.vector.VectorSupport' and line.startswith('<direct_call'):
                calls += 1
            last = None
    return calls, intrinsics, deferred


def trap_limits(lines):
    """The trap reasons whose limit this compilation reached (sorted)."""
    return sorted({m.group(1) for line in lines if (m := TRAP_LIMIT.match(line))})


def main(paths):
    left = near = logs = 0
    for path in paths:
        seen = 0
        try:
            with open(path, errors='replace') as f:
                for compile_id, name, lines in c2_tasks(f):
                    seen += 1
                    if not name.startswith('joules.'):
                        continue
                    calls, intrinsics, deferred = vector_calls(lines)
                    limits = trap_limits(lines) if calls else []
                    why = f' (trap limit reached: {", ".join(limits)})' if limits else ''
                    if calls > intrinsics:
                        left += 1
                        print(f'{path}: compile {compile_id} {name}: {calls - intrinsics} of {calls} '
                              f'Vector API operations left as calls{why}')
                    elif deferred:
                        near += 1
                        print(f'{path}: compile {compile_id} {name}: near miss, {deferred} Vector API call(s) '
                              f'deferred at the parse-time node budget{why}')
                    elif limits:
                        near += 1
                        print(f'{path}: compile {compile_id} {name}: near miss, trap limit reached: {", ".join(limits)}')
        except OSError as e:
            print(f'vector_intrinsics.py: {path}: {e.strerror}', file=sys.stderr)
            return 2
        if seen == 0:      # a JVM that ended before C2 compiled anything (Maven's own), or not a compilation log
            print(f'vector_intrinsics.py: {path}: no C2 compilation in it, skipped', file=sys.stderr)
        else:
            logs += 1
    if logs == 0:
        print('vector_intrinsics.py: no compilation log among the files (run the JVM with -XX:+LogCompilation)',
              file=sys.stderr)
        return 2
    print(f'{left} C2 compilation(s) of joules methods kept Vector API calls; {near} near miss(es)')
    return 1 if left else 0


if __name__ == '__main__':
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
