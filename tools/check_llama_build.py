"""Check that the installed llama.cpp (llama-cpp-python, adulib's `local` extra) does not depend on the CPU of the
machine that compiled it.

    python tools/check_llama_build.py              # the installed llama-cpp-python
    python tools/check_llama_build.py LIBRARY.so   # any other build of llama.cpp's CPU library

Left to itself, llama-cpp-python compiles llama.cpp with `-march=native`: on a build machine with AVX-512 or AMX,
its CPU library then uses those instructions, and on such a machine that build crashed (issue #11). adulib's install
commands set `CMAKE_ARGS="-DGGML_NATIVE=OFF"`, a fixed instruction set: on x86-64, AVX2 with FMA and F16C, no AVX-512
or AMX; on arm64, the armv8-a baseline. This script reads the installed build and fails if it is not that:

1. it disassembles llama.cpp's CPU library (`llama_cpp/lib/libggml-cpu*.so`) with `objdump` and counts the
   instructions that use AVX-512 registers (`zmm`, mask registers) and AMX tiles;
2. it asks llama.cpp which CPU features it was compiled with (`llama_print_system_info`, the `CPU :` line of the
   server's log), in a subprocess, and looks for AVX512 or AMX there.

It prints what it found and ends with one line `llama.cpp build: portable (...)` or exits with status 1.
"""
import importlib.util, platform, re, shutil, subprocess, sys
from pathlib import Path

AVX512 = re.compile(r"%zmm\d|%k[1-7]\b|\{%k[0-7]\}")  # AT&T syntax: a zmm register or an opmask register
AMX = re.compile(r"\b(ldtilecfg|sttilecfg|tileloadd|tileloaddt1|tilestored|tilerelease|tilezero|tdpb[su][su]d|tdpbf16ps|tdpfp16ps)\b")
AVX2 = re.compile(r"%ymm\d")


def cpu_libraries() -> list[Path]:
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None: sys.exit("llama-cpp-python is not installed (adulib's `local` extra)")
    folder = Path(spec.origin).parent / "lib"
    libraries = sorted({p.resolve() for p in folder.glob("libggml-cpu*.so*")} or {p.resolve() for p in folder.glob("libggml*.so*")})
    if not libraries: sys.exit(f"no libggml library in {folder}")
    return libraries


def count_instructions(library: Path) -> dict:
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(library)], capture_output=True, text=True, check=True).stdout
    lines = [line for line in listing.splitlines() if line.startswith(" ") and ":\t" in line]
    return {"instructions": len(lines), "AVX-512": sum(bool(AVX512.search(l)) for l in lines),
            "AMX": sum(bool(AMX.search(l)) for l in lines), "AVX2 (ymm)": sum(bool(AVX2.search(l)) for l in lines)}


def compiled_features() -> str:
    code = "import llama_cpp; print(llama_cpp.llama_print_system_info().decode())"
    report = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return next((line.strip() for line in report.splitlines() if "CPU :" in line), report.strip())


def main(libraries: list[str]) -> int:
    problems = []
    print(f"machine: {platform.machine()}")
    if platform.machine() in ("x86_64", "AMD64"):
        if shutil.which("objdump") is None: sys.exit("objdump (binutils) is needed to read the library")
        for library in [Path(p) for p in libraries] or cpu_libraries():
            counts = count_instructions(library)
            print(f"{library.name}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
            if counts["AVX-512"] or counts["AMX"]: problems.append(f"{library.name} uses AVX-512 or AMX instructions")
    features = "" if libraries else compiled_features()
    if features: print(f"llama.cpp was compiled for: {features}")
    enabled = re.findall(r"(\w+) = 1", features)
    bad = [f for f in enabled if f.startswith(("AVX512", "AMX"))]
    if bad: problems.append(f"llama.cpp was compiled with {', '.join(bad)}")
    if problems:
        print("llama.cpp build: NOT portable: " + "; ".join(problems))
        print('Rebuild it: pip cache remove llama_cpp_python && CMAKE_ARGS="-DGGML_NATIVE=OFF" '
              "pip install --no-cache-dir --force-reinstall --no-deps llama-cpp-python")
        return 1
    shown = [f for f in enabled if f in ("SSE3", "AVX", "AVX2", "F16C", "FMA", "BMI2", "NEON", "ARM_FMA", "FP16_VA", "DOTPROD", "SVE")]
    print(f"llama.cpp build: portable (no AVX-512 or AMX; compiled for {' '.join(shown) or 'the baseline'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
