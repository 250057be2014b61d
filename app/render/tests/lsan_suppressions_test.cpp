// Not a test: LeakSanitizer's suppressions for this test program. fontconfig keeps its font
// configuration and caches for the life of the process on purpose (only FcFini frees them), so
// the dev preset's LeakSanitizer reports them at exit. Suppressing the library by name keeps
// real leaks of our own (a PangoLayout, a cairo surface) visible, since their stacks do not
// pass through fontconfig.

extern "C" const char* __lsan_default_suppressions();

extern "C" const char* __lsan_default_suppressions() {
    return "leak:libfontconfig.so\n";
}
