// Entry point: build the state, render the shell, start the map and the data load.

import { render } from 'preact';
import { createAppState } from './state/app_state';
import { AppShell } from './ui/app_shell/AppShell';
import { connectMap } from './app/connect_map';
import { loadIntoState } from './app/load_into_state';
import { createHttpDataSource } from './data/data_source';
import './ui/styles.css';

const PHONE_QUERY = '(max-width: 640px)';

const state = createAppState({ panelOpen: !window.matchMedia(PHONE_QUERY).matches });
render(<AppShell state={state} attachMap={(element) => connectMap(state, element)} />, document.getElementById('app')!);
void loadIntoState(state, createHttpDataSource(`${import.meta.env.BASE_URL}data/`));
