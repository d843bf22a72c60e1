"""Check that the installed engine of adulib's local model (xllamacpp, the `local` extra) runs on every CPU that
adulib's CPU check lets through, and uses no instruction beyond them.

    python tools/check_llama_build.py              # the installed xllamacpp
    python tools/check_llama_build.py LIBRARY.so   # any other build of llama.cpp's CPU code

xllamacpp ships llama.cpp prebuilt. On x86-64, adulib accepts a CPU with AVX2, FMA, F16C and BMI2
(`adulib.llm.local.REQUIRED_X86_64_FEATURES`; others get a one-line error before the engine loads). A build that
also used AVX-512 or AMX, or another instruction set that check does not ask for, would die with SIGILL on some of
the CPUs it lets through. This script reads the installed build and fails if it is not that:

1. it disassembles xllamacpp's library (`xllamacpp/xllamacpp*.so`) with `objdump` and counts the instructions
   that use AVX-512 registers (`zmm`, mask registers) and AMX tiles;
2. it asks xllamacpp which CPU features it was compiled with (`xllamacpp.get_system_info()`, the `CPU :` line
   llama.cpp also logs), in a subprocess, and fails on AVX-512 or AMX there, or on an x86 instruction set that
   adulib's CPU check does not require.

It prints what it found and ends with one line `llama.cpp build: portable (...)` or exits with status 1.
"""
import importlib.util, platform, re, shutil, subprocess, sys
from pathlib import Path

AVX512 = re.compile(r"%zmm\d|%k[1-7]\b|\{%k[0-7]\}")  # AT&T syntax: a zmm register or an opmask register
AMX = re.compile(r"\b(ldtilecfg|sttilecfg|tileloadd|tileloaddt1|tilestored|tilerelease|tilezero|tdpb[su][su]d|tdpbf16ps|tdpfp16ps)\b")
AVX2 = re.compile(r"%ymm\d")
# x86 instruction sets llama.cpp reports, and those that adulib's CPU check (AVX2, FMA, F16C, BMI2) implies
X86_SETS = re.compile(r"^(SSE\d*|SSSE3|AVX\w*|F16C|FMA|BMI2|AMX\w*)$")
IMPLIED = {"SSE3", "SSSE3", "AVX"}


def engine_libraries() -> list[Path]:
    spec = importlib.util.find_spec("xllamacpp")  # found without importing: on a CPU it cannot run on, that is SIGILL
    if spec is None: sys.exit("xllamacpp is not installed (adulib's `local` extra)")
    folder = Path(spec.origin).parent
    libraries = sorted(p.resolve() for p in folder.glob("*.so*"))
    if not libraries: sys.exit(f"no shared library in {folder}")
    return libraries


def count_instructions(library: Path) -> dict:
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(library)], capture_output=True, text=True, check=True).stdout
    lines = [line for line in listing.splitlines() if line.startswith(" ") and ":\t" in line]
    return {"instructions": len(lines), "AVX-512": sum(bool(AVX512.search(l)) for l in lines),
            "AMX": sum(bool(AMX.search(l)) for l in lines), "AVX2 (ymm)": sum(bool(AVX2.search(l)) for l in lines)}


def compiled_features() -> str:
    code = "import xllamacpp; print(xllamacpp.get_system_info())"
    report = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return next((line.strip() for line in report.splitlines() if "CPU :" in line), report.strip())


def required_x86_features() -> set[str]:
    from adulib.llm.local import REQUIRED_X86_64_FEATURES
    return set(REQUIRED_X86_64_FEATURES)


def main(libraries: list[str]) -> int:
    problems = []
    x86 = platform.machine() in ("x86_64", "AMD64")
    print(f"machine: {platform.machine()}")
    if x86:
        if shutil.which("objdump") is None: sys.exit("objdump (binutils) is needed to read the library")
        for library in [Path(p) for p in libraries] or engine_libraries():
            counts = count_instructions(library)
            print(f"{library.name}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
            if counts["AVX-512"] or counts["AMX"]: problems.append(f"{library.name} uses AVX-512 or AMX instructions")
    features = "" if libraries else compiled_features()
    if features: print(f"llama.cpp was compiled for: {features}")
    enabled = re.findall(r"(\w+) = 1", features)
    bad = [f for f in enabled if f.startswith(("AVX512", "AMX"))]
    if bad: problems.append(f"llama.cpp was compiled with {', '.join(bad)}")
    unchecked = [f for f in enabled if x86 and X86_SETS.match(f) and f not in required_x86_features() | IMPLIED and f not in bad]
    if unchecked: problems.append(f"llama.cpp was compiled with {', '.join(unchecked)}, which adulib's CPU check does not ask for")
    if problems:
        print("llama.cpp build: NOT portable: " + "; ".join(problems))
        print("Pin xllamacpp to a release without them in pyproject.toml, or add them to REQUIRED_X86_64_FEATURES (nbs/llm/02_local.ipynb).")
        return 1
    shown = [f for f in enabled if f in ("SSE3", "SSSE3", "AVX", "AVX2", "F16C", "FMA", "BMI2", "NEON", "ARM_FMA", "FP16_VA", "DOTPROD", "SVE")]
    print(f"llama.cpp build: portable (no AVX-512 or AMX; compiled for {' '.join(shown) or 'the baseline'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
