import { HINTS } from "../messages";
import { cls } from "./styles";

/** Shown when the page is opened outside Excel (no Office host, or office.js did not load). */
export function NotInExcel() {
  return (
    <main className={cls.notInExcel}>
      <h1>{HINTS.notInExcel.title}</h1>
      <p>{HINTS.notInExcel.body}</p>
      <ol>
        <li>Open your workbook in Excel (Windows, Mac, or Excel on the web).</li>
        <li>
          On the <strong>Home</strong> tab, choose <strong>Pilot to Production</strong>.
        </li>
        <li>
          No button? Add the add-in first:{" "}
          <strong>Home &gt; Add-ins &gt; More Add-ins &gt; My Add-ins &gt; Upload My Add-in</strong> and choose{" "}
          <code>manifest.xml</code>, or ask your Microsoft 365 admin to deploy it.
        </li>
      </ol>
    </main>
  );
}
