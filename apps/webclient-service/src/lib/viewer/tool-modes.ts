/**
 * Which tool the primary (left) mouse button drives. The other buttons stay
 * fixed: right drag zooms, middle drag pans. The length tool stays passive
 * while another has the left button, so a length drawn earlier can still be
 * picked (to move or delete it). Browser only.
 */
import {
  Enums as ToolEnums,
  LengthTool,
  PanTool,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import { describeLengthText } from './length-annotations';

/** The tools the left button can take. */
export const PRIMARY_TOOLS = ['window', 'pan', 'zoom', 'length'] as const;
export type PrimaryTool = (typeof PRIMARY_TOOLS)[number];

const { MouseBindings } = ToolEnums;

const TOOL_NAMES: Record<PrimaryTool, string> = {
  window: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
  length: LengthTool.toolName,
};

const FIXED_BUTTON: Record<PrimaryTool, number | null> = {
  window: null,
  pan: MouseBindings.Auxiliary,
  zoom: MouseBindings.Secondary,
  length: null,
};

/** Adds the tools to a tool group and binds their buttons. */
export function addViewerTools(
  group: ToolTypes.IToolGroup,
  primary: PrimaryTool,
): void {
  for (const name of Object.values(TOOL_NAMES)) {
    if (group.hasTool(name)) continue;
    const isLength = name === LengthTool.toolName;
    group.addTool(name, isLength ? { getTextLines: describeLengthText } : {});
  }
  applyPrimaryTool(group, primary);
}

/** Gives the left button to `primary`, keeping right = zoom, middle = pan. */
export function applyPrimaryTool(
  group: ToolTypes.IToolGroup,
  primary: PrimaryTool,
): void {
  for (const tool of PRIMARY_TOOLS) {
    const buttons: number[] = [];
    if (tool === primary) buttons.push(MouseBindings.Primary);
    const fixed = FIXED_BUTTON[tool];
    if (fixed !== null) buttons.push(fixed);

    // Passive with every binding removed first: setToolActive adds to the
    // bindings a tool already has rather than replacing them.
    const name = TOOL_NAMES[tool];
    group.setToolPassive(name, { removeAllBindings: true });
    if (buttons.length === 0) continue;
    group.setToolActive(name, {
      bindings: buttons.map((mouseButton) => ({ mouseButton })),
    });
  }
}
