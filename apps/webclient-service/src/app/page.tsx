import { redirect } from 'next/navigation';

/** The site root: the study list is where a clinician starts. */
export default function HomePage() {
  redirect('/studies');
}
