/** Statistics: what was studied, what is due, and how well each deck and topic is retained. */
export function StatsView() {
  return (
    <div className="page">
      <h1>Statistics</h1>
      <p className="status-line">Statistics are being built.</p>
    </div>
  );
}
