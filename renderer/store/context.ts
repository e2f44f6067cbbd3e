import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './app-store';
import type { RecallDatabase } from '../db/database';
import type { Clock } from '../../shared/study/day';

export interface AppServices {
  store: AppStore;
  db: RecallDatabase;
  clock: Clock;
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices is used outside the ServicesContext provider');
  return services;
}

export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}
