import { createContext, useContext } from 'react';
import type { RecallApi } from '../../shared/api';

export const PlatformContext = createContext<RecallApi | null>(null);

export function usePlatform(): RecallApi {
  const api = useContext(PlatformContext);
  if (!api) throw new Error('usePlatform is used outside the PlatformContext provider');
  return api;
}
