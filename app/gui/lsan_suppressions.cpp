// LeakSanitizer's suppressions for the desktop app in the dev preset. GTK, GLib, D-Bus and
// fontconfig keep process-lifetime state that they never free (type registries, the font
// configuration, the session bus connection), and their stacks are cut short because the
// system libraries have no frame pointers. Leaks of our own objects stay reported.

extern "C" const char* __lsan_default_suppressions();

extern "C" const char* __lsan_default_suppressions() {
    return "leak:libfontconfig.so\n"
           "leak:libdbus-1.so\n"
           "leak:libglib-2.0.so\n"
           "leak:libgobject-2.0.so\n"
           "leak:libgio-2.0.so\n"
           "leak:libgtk-3.so\n"
           "leak:libgdk-3.so\n"
           "leak:libatk-bridge-2.0.so\n";
}
