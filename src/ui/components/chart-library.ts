import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

/**
 * The parts of Chart.js the dashboard draws with: bar charts only. Registering them by name lets the bundler leave
 * the rest of the library out; this module is imported dynamically, so only the dashboard ever loads it.
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export { Chart };
