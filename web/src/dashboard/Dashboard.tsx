import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useState,
} from "react";
import type { SeriesInfo } from "../api/types";
import type { ApiClient } from "../api/client";
import { LiveContext, useLive } from "../live/LiveContext";
import { useLiveQuery } from "../live/useLiveQuery";
import { useLiveStream } from "../live/useLiveStream";
import { OverviewPage } from "../overview/OverviewPage";
import { GettingStarted } from "../setup/GettingStarted";
import {
  isSetupDone,
  markSetupDone,
  shouldOpenWizard,
} from "../setup/setupState";
import { useServerSetupDone } from "../setup/useSetupDone";
import { ChartPage } from "./ChartPage";
import { Frame, Header } from "./Frame";
import { hashOf, pageFromHash, type PageId } from "./nav";
import { replayBannerText } from "./replay";
import { loadLastSeries, parseChartLink, saveLastSeries } from "./chartLink";
import { pickSeries, seriesFromId, seriesId, type SeriesKey } from "./series";
import { usePolling } from "./usePolling";

// Pages other than the overview and the chart load when first opened, so
// that the code a chart needs is all a chart address waits for.
const HostPage = lazy(() =>
  import("../host/HostPage").then((m) => ({ default: m.HostPage })),
);
const ModelsPage = lazy(() =>
  import("../models/ModelsPage").then((m) => ({ default: m.ModelsPage })),
);
const SettingsPage = lazy(() =>
  import("../settings/SettingsPage").then((m) => ({ default: m.SettingsPage })),
);
const SetupWizard = lazy(() =>
  import("../setup/SetupWizard").then((m) => ({ default: m.SetupWizard })),
);
const ViolationsPage = lazy(() =>
  import("../violations/ViolationsPage").then((m) => ({
    default: m.ViolationsPage,
  })),
);

const NO_SERIES: SeriesInfo[] = [];

const REPLAY_BANNER =
  "fixed inset-x-0 bottom-0 z-20 bg-amber-400 px-6 py-2 text-sm font-semibold text-slate-950";

interface DashboardProps {
  client: ApiClient;
  onSignOut: () => void;
}

function useHashPage(): [PageId, (p: PageId) => void] {
  const [page, setPage] = useState(() => pageFromHash(location.hash));
  useEffect(() => {
    const onHash = () => setPage(pageFromHash(location.hash));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  return [page, (p) => (location.hash = hashOf(p))];
}

/** The signed-in page: header with navigation, then the chosen page. */
export function Dashboard({ client, onSignOut }: DashboardProps) {
  const live = useLiveStream(client);
  return (
    <LiveContext.Provider value={live}>
      <Shell client={client} onSignOut={onSignOut} />
    </LiveContext.Provider>
  );
}

function Shell({ client, onSignOut }: DashboardProps) {
  const [page, setPage] = useHashPage();
  // The series a chart link names, else the one this browser showed last.
  const [chosenId, setChosenId] = useState<string | null>(() => {
    const s =
      parseChartLink(location.hash).series ?? loadLastSeries(localStorage);
    return s ? seriesId(s) : null;
  });
  const choose = useCallback((id: string) => {
    setChosenId(id);
    const s = seriesFromId(id);
    if (s) saveLastSeries(localStorage, s);
  }, []);
  const [wizard, setWizard] = useState(false);
  const [showConnect, setShowConnect] = useState(false);

  const health = usePolling(() => client.health(), "health", 30_000);
  const seriesList = useLiveQuery(() => client.series(), "series", {
    stale: (e) => e.type === "sample",
    minGapMs: 5000,
    // With the chart's answer in the first render, the list belongs there
    // too: the series selector has its width, and a link to a series
    // without samples is known as such, before anything is drawn.
    initial: () => client.preloadedSeries(),
  });
  const all = seriesList.data ?? NO_SERIES;
  // Until the series list arrives the chart page asks for the chosen
  // series at once rather than waiting for the list.
  const listed = seriesList.data !== undefined;
  const selected: SeriesKey | null = useMemo(
    () => pickSeries(all, chosenId) ?? (listed ? null : seriesFromId(chosenId)),
    [all, chosenId, listed],
  );
  const selectedId = selected ? seriesId(selected) : null;
  // A link (or this browser's memory) naming a series that has no samples.
  const missing = useMemo(
    () =>
      listed && chosenId !== null && chosenId !== selectedId
        ? seriesFromId(chosenId)
        : null,
    [listed, chosenId, selectedId],
  );
  useEffect(() => {
    if (chosenId === null && selectedId !== null) setChosenId(selectedId);
  }, [chosenId, selectedId]);

  const noData = seriesList.data !== undefined && all.length === 0;
  // The wizard opens by itself on a first run: no data, never finished
  // (the server's setup_completed, or this browser's flag), and not a demo
  // replay (its data is on the way).
  const mode = health.data?.mode;
  const setup = useServerSetupDone(client);
  const serverDone = setup.done;
  useEffect(() => {
    const localDone = isSetupDone(localStorage);
    if (shouldOpenWizard({ noData, mode, serverDone, localDone })) {
      setWizard(true);
    }
  }, [noData, mode, serverDone]);
  const closeWizard = () => {
    // Remembered here at once; the server's setting keeps it for every
    // browser (should that fail, this browser still remembers).
    markSetupDone(localStorage);
    void setup.markDone();
    setWizard(false);
  };

  const banner = replayBannerText(health.data);
  const live = useLive();
  const openChart = (id: string) => {
    choose(id);
    setPage("chart");
  };

  let content;
  if (wizard) content = <SetupWizard client={client} onDone={closeWizard} />;
  else if (showConnect || (noData && (page === "overview" || page === "chart")))
    content = <GettingStarted client={client} hasData={!noData} />;
  else if (page === "overview")
    content = <OverviewPage client={client} series={all} onOpen={openChart} />;
  else if (page === "chart")
    content = (
      <ChartPage
        client={client}
        series={all}
        selected={selected}
        missing={missing}
        onSelect={choose}
      />
    );
  else if (page === "violations")
    content = <ViolationsPage client={client} series={all} />;
  else if (page === "models") content = <ModelsPage client={client} />;
  else if (page === "host") content = <HostPage client={client} />;
  else
    content = (
      <SettingsPage client={client} onOpenWizard={() => setWizard(true)} />
    );

  return (
    <Frame
      header={
        <Header
          current={wizard ? null : page}
          status={live.status}
          problem={live.problem}
          serverText={
            health.data
              ? `server ${health.data.version ?? ""}`
              : (health.error ?? "")
          }
          connect={{ shown: !noData, open: showConnect }}
          onNavigate={() => {
            setWizard(false);
            setShowConnect(false);
          }}
          onToggleConnect={() => setShowConnect((s) => !s)}
          onSignOut={onSignOut}
        />
      }
      banner={
        banner && (
          <div
            role="status"
            data-testid="replay-banner"
            className={REPLAY_BANNER}
          >
            {banner}
          </div>
        )
      }
    >
      {seriesList.error && (
        <p role="alert" className="text-sm text-rose-300">
          {seriesList.error}
        </p>
      )}
      <Suspense
        fallback={<p className="text-sm text-slate-300">Loading page…</p>}
      >
        {content}
      </Suspense>
    </Frame>
  );
}
