import { ChartLayout } from "../dashboard/ChartLayout";
import { chartTitle, DEFAULT_METRIC } from "../dashboard/chartLink";
import { Controls } from "../dashboard/Controls";
import { Frame, Header } from "../dashboard/Frame";
import { DEFAULT_WINDOW } from "../dashboard/timeWindow";
import { SHELL_CHART } from "./marks";

const ignore = () => undefined;

/**
 * The chart page as it first shows, without data and inert: rendered at
 * build time into index.html (vite.config.ts), from the page's own
 * components so that its boxes are where the page's will be. The chart
 * drawn before the dashboard loads goes into it (chart/firstChart.ts).
 */
export function ChartShell() {
  return (
    <Frame
      inert
      header={
        <Header
          current="chart"
          status="connecting"
          problem={null}
          serverText=""
          connect={{ shown: true, open: false }}
        />
      }
    >
      <ChartLayout
        controls={
          <Controls
            series={[]}
            selectedId={null}
            onSelect={ignore}
            metric={DEFAULT_METRIC}
            onMetric={ignore}
            window={DEFAULT_WINDOW}
            onWindow={ignore}
            view="individuals"
            onView={ignore}
            logScale={false}
            onLogScale={ignore}
          />
        }
        title={chartTitle(null, DEFAULT_METRIC, DEFAULT_WINDOW)}
        chart={
          <div
            className="control-chart relative w-full"
            {...{ [SHELL_CHART]: "" }}
          >
            <p className="text-sm text-slate-300">Loading chart…</p>
          </div>
        }
      />
    </Frame>
  );
}
