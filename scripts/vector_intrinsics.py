#!/usr/bin/env python3
"""Which of joules' compiled methods left a Vector API operation as a call (and so allocate on every use).

C2 turns each Vector API operation (a call to jdk.internal.vm.vector.VectorSupport) into machine instructions
late, after it has parsed and inlined the method. When a compiled method grows past C2's node budgets
(NodeCountInliningCutoff while parsing, LiveNodeCountInliningCutoff while inlining late), the operations it
reaches last stay calls into the API's Java fallback, which allocates a vector object and arrays on every call:
the training step then allocates hundreds of kilobytes and slows down, in some runs only (which methods C2
compiles together depends on timing and profiles). This script reads a JVM's compilation log and names every
joules method whose C2 compilation kept such a call, with the counts.

Usage (the train module's tests, as CI runs them, with the compilation log of each JVM):
  JDK_JAVA_OPTIONS="-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=/tmp/jit/%p.log" \\
      mvn -o -q -pl train test
  python3 scripts/vector_intrinsics.py /tmp/jit/*.log
Exit code 0 when every Vector API operation in joules' C2 compilations became instructions, 1 otherwise.
"""
import re
import sys

TASK = re.compile(r"<task compile_id='(\d+)'(?: compile_kind='(\w+)')? method='([^']*)'")
KLASS = re.compile(r"<klass id='(\d+)' name='([^']*)'")
METHOD = re.compile(r"<method id='(\d+)' holder='(\d+)' name='([^']*)'")
CALL = re.compile(r"<call method='(\d+)'")
SKIPPED = ('<uncommon_trap', '<predicted_call', '<dependency', '<inline_id', '<bc ')


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
    """(calls to VectorSupport at parse time, intrinsics C2 expanded): equal when none was left a call."""
    klass, method, calls, intrinsics, last = {}, {}, 0, 0, None
    for line in lines:
        if m := KLASS.match(line):
            klass[m.group(1)] = m.group(2)
        elif m := METHOD.match(line):
            method[m.group(1)] = klass.get(m.group(2), '?')
        elif m := CALL.match(line):
            last = method.get(m.group(1))
        elif line.startswith("<intrinsic id='_Vector"):
            intrinsics += 1
        elif last is not None and not line.startswith(SKIPPED):
            if last == 'jdk.internal.vm.vector.VectorSupport' and line.startswith('<direct_call'):
                calls += 1
            last = None
    return calls, intrinsics


def main(paths):
    left = 0
    for path in paths:
        with open(path, errors='replace') as f:
            for compile_id, name, lines in c2_tasks(f):
                if not name.startswith('joules.'):
                    continue
                calls, intrinsics = vector_calls(lines)
                if calls > intrinsics:
                    left += 1
                    print(f'{path}: compile {compile_id} {name}: {calls - intrinsics} of {calls} '
                          'Vector API operations left as calls')
    print(f'{left} C2 compilation(s) of joules methods kept Vector API calls')
    return 1 if left else 0


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
