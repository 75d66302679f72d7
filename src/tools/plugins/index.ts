// Domain `plugins`: Engine-managed plugins (volume, network, log drivers), not CLI plugins. Install
// and upgrade grant only the privileges the caller names; upgrade really upgrades.

import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { sdkSection } from "../../docs/sections.js";
import { pluginInstall, pluginUpgrade } from "./pull.js";
import { pluginInspect, pluginList } from "./query.js";
import { pluginConfigure, pluginDisable, pluginEnable, pluginRemove } from "./state.js";

export const pluginsDomain = defineDomain({
  name: "plugins",
  keywords: "plugin lifecycle: install, enable, disable, configure, upgrade, remove",
  docs: [sdkSection("plugins")],
  tools: {
    plugin_inspect: readOnly(pluginInspect),
    plugin_install: mutating(pluginInstall),
    plugin_list: readOnly(pluginList),
    plugin_configure: mutating(pluginConfigure),
    plugin_disable: mutating(pluginDisable),
    plugin_enable: mutating(pluginEnable),
    plugin_remove: destructive(pluginRemove),
    plugin_upgrade: mutating(pluginUpgrade),
  },
});
