import { useId, type ReactNode } from 'react';

/** A labelled region of the desk, findable by role and name (its title, in the agent's language). */
export function Panel({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
