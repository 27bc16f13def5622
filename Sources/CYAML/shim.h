// libyaml (Debian libyaml-dev; runtime libyaml-0-2): the C emitter Yams bundles, used directly so
// the executable does not link Yams, which imports full Foundation (and with it ICU's tables).
#include <yaml.h>
