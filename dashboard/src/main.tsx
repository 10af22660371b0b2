// Entry point: global styles and the app mounted into #app.
import { render } from 'preact';
import { App } from './app';
import './styles/theme.css';
import './styles/layout.css';
import './styles/auth.css';
import './styles/buttons.css';
import './styles/forms.css';
import './styles/cards.css';
import './styles/badges.css';
import './styles/tables.css';
import './styles/overlays.css';
import './styles/data.css';
import './styles/live.css';
import './styles/attacker.css';
import './styles/fleet.css';
import './styles/topology.css';

render(<App />, document.getElementById('app')!);
