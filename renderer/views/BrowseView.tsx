/** The card browser: every card of every deck, searchable and filterable, with each card's history. */
export function BrowseView() {
  return (
    <div className="page">
      <h1>Browse</h1>
      <p className="status-line">The card browser is being built.</p>
    </div>
  );
}
