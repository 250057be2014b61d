// LeakSanitizer's suppressions, compiled into every executable of a sanitizer build.
// System libraries keep caches for the life of the process on purpose (fontconfig's font
// configuration, GLib type system, PROJ's database context, SQLite's and SpatiaLite's
// one-time initialisation). Suppressing these libraries by name keeps real leaks of our own
// visible, since their stacks do not pass through them.

extern "C" const char* __lsan_default_suppressions();

extern "C" const char* __lsan_default_suppressions() {
    return "leak:libfontconfig.so\n"
           "leak:libpango\n"
           "leak:libharfbuzz\n"
           "leak:libgobject\n"
           "leak:libglib\n"
           "leak:libgio\n"
           "leak:libgtk\n"
           "leak:libgdk\n"
           "leak:libdbus\n"
           "leak:libsqlite3\n"
           "leak:libspatialite\n"
           "leak:libproj\n"
           "leak:libgdal\n";
}
