'use client';

import { RenderingEngine } from '@cornerstonejs/core';
import {
  ToolGroupManager,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import { useEffect, useState } from 'react';
import { setUpCornerstone } from './cornerstone-setup';
import { addViewerTools, type PrimaryTool } from './tool-modes';
import type { WorkerLink } from './worker-link';

/** A rendering engine and its tool group, alive while the viewer is. */
export interface ViewerEngine {
  engine: RenderingEngine;
  toolGroup: ToolTypes.IToolGroup;
}

let engines = 0;

/**
 * Creates one rendering engine and tool group per mounted viewer and
 * destroys them on unmount. Each mount gets fresh ids, so React's
 * development double mount (mount, unmount, mount) never meets a
 * half-destroyed engine.
 */
export function useRenderingEngine(
  link: WorkerLink,
  primary: PrimaryTool,
): ViewerEngine | null {
  const [viewerEngine, setViewerEngine] = useState<ViewerEngine | null>(null);

  useEffect(() => {
    setUpCornerstone(link);
    engines += 1;
    const id = `atrium-engine-${engines}`;
    const engine = new RenderingEngine(id);
    const toolGroup = ToolGroupManager.createToolGroup(`${id}-tools`);
    if (!toolGroup) throw new Error(`tool group ${id}-tools exists already`);
    addViewerTools(toolGroup, primary);
    setViewerEngine({ engine, toolGroup });

    return () => {
      setViewerEngine(null);
      ToolGroupManager.destroyToolGroup(toolGroup.id);
      engine.destroy();
    };
    // Created once per link: the primary tool later changes through
    // applyPrimaryTool, never by making a new engine.
  }, [link]);

  return viewerEngine;
}
