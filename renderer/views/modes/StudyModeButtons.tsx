/** The deck list's entry points to cram mode and the mock interview; their dialogs load when first opened. */
import { lazy, Suspense, useState } from 'react';

const CramDialog = lazy(() => import('./CramDialog').then((module) => ({ default: module.CramDialog })));
const MockInterviewDialog = lazy(() => import('./MockInterviewDialog').then((module) => ({ default: module.MockInterviewDialog })));

export function StudyModeButtons() {
  const [open, setOpen] = useState<'cram' | 'mock' | null>(null);
  return (
    <>
      <button type="button" className="button" aria-haspopup="dialog" onClick={() => setOpen('cram')}>
        Cram…
      </button>
      <button type="button" className="button" aria-haspopup="dialog" onClick={() => setOpen('mock')}>
        Mock interview…
      </button>
      <Suspense fallback={null}>
        {open === 'cram' && <CramDialog onClose={() => setOpen(null)} />}
        {open === 'mock' && <MockInterviewDialog onClose={() => setOpen(null)} />}
      </Suspense>
    </>
  );
}
